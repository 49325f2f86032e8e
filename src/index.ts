// Probot entry point (`npm start` = `probot run ./lib/index.js`): wiring only.

import { pyshiftApp } from './github/app.js';

export default pyshiftApp();
