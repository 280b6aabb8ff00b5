export { installFakePfazure, type FakePfazure, type FakePfazureOptions } from './install.js';
