// The script that starts GraphiQL in the browser, served as a file beside the bundle so that the
// page needs no inline script (its Content-Security-Policy allows scripts from 'self' only). It
// reads the page's settings from a JSON data block, points Monaco's workers at the gateway's own
// copies, and renders GraphiQL once the bundle (the next deferred script) has run.
//
// GraphiQL keeps its tabs in localStorage but not their headers (shouldPersistHeaders is off):
// tabs restored from an earlier visit get this page's headers, so a demo token fetched for this
// page load reaches them too. The exception is an unedited first example: GraphiQL finds it by
// comparing it, headers included, with the page's initial query and variables and no headers,
// opens it with the page's initial headers, and would add a duplicate tab if it differed.
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
  var opening = function (tab) {
    return (tab.query || '') === (options.query || '') &&
      (tab.variables || '') === (options.initialVariables || '');
  };
  try {
    var key = 'graphiql:tabState';
    var stored = JSON.parse(localStorage.getItem(key) || 'null');
    if (stored && Array.isArray(stored.tabs) && options.headers) {
      stored.tabs.forEach(function (tab) {
        if (!tab.headers && !opening(tab)) tab.headers = options.headers;
      });
      localStorage.setItem(key, JSON.stringify(stored));
    }
  } catch (error) {
    // No storage (private mode) or a state GraphiQL will discard: nothing to fill in.
  }
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
