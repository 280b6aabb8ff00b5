// action-experiment: the shared bundle runs it
import './index.js';
