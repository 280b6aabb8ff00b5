// action-register: the shared bundle runs it
import './index.js';
