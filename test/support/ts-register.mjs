// `node --import ./test/support/ts-register.mjs`: loads TypeScript sources through ./ts-loader.mjs.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
