// action-deploy: the shared bundle runs it
import './index.js';
