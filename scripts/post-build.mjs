// Trunk post-build hook (Trunk.toml): the release build's steps, in this order — Trunk starts
// separate hooks at the same time, and each step reads what the one before wrote.
//   1. minify-js.mjs: the JavaScript glue minified, integrity hashes rewritten;
//   2. bundle.mjs: the offline single file 考核计分器.html (issue 13);
//   3. hash-modules.mjs: content hashes in the editor's and the worker's file names.
// Each does nothing outside release builds.
await import('./minify-js.mjs');
await import('./bundle.mjs');
await import('./hash-modules.mjs');
