/** When a received message is delivered again: its visibility timeout, from now. */
export interface MessageVisibility {
  /** The message (by its receipt handle) is delivered again after `seconds`, not before. */
  setVisibility(receiptHandle: string, seconds: number): Promise<void>;
}
