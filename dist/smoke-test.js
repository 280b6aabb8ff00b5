// action-smoke-test: the shared bundle runs it
import './index.js';
