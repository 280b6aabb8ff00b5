// action-changed: the shared bundle runs it
import './index.js';
