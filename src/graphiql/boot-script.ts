// The script that starts GraphiQL in the browser, served as a file beside the bundle so that the
// page needs no inline script (its Content-Security-Policy allows scripts from 'self' only). It
// reads the page's settings from a JSON data block, points Monaco's workers at the gateway's own
// copies, and renders GraphiQL once the bundle (the next deferred script) has run.
export const BOOT_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label] || config.workers.editorWorkerService;
    },
  };
  var options = config.options;
  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('root');
    if (typeof YogaGraphiQL === 'undefined') {
      root.textContent = 'GraphiQL did not load: this gateway did not serve ' + config.bundle + '.';
      return;
    }
    YogaGraphiQL.renderYogaGraphiQL(root, options);
  });
})();
`;
