export interface Config {
  multicloud?: {
    /** Where `multicloud:publish:local` creates bare git repositories. */
    publishLocal?: {
      /**
       * Folder of the bare repositories; relative to the backend's working directory.
       * Default `.sandbox-data/git`.
       */
      baseDir?: string;
    };
  };
}
