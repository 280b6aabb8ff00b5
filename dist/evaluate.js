// action-evaluate: the shared bundle runs it
import './index.js';
