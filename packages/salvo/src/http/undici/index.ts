export { createUndiciTransport } from './transport.ts';
