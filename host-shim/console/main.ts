import './ksc-app.ts';
