import ReactDOM from 'react-dom/client';
import App from './App';
// The base styles of Backstage's components (box-sizing among them): without them every padded
// box is wider than its container, and the pages scroll sideways under the sidebar.
import '@backstage/ui/css/styles.css';

ReactDOM.createRoot(document.getElementById('root')!).render(<App />);
