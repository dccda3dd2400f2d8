// keiyaku serve: the little script the pages use. Everything works without it; it adds
// drag-and-drop onto the upload area and the print button.
(function () {
  'use strict';
  var drop = document.getElementById('drop');
  var input = document.getElementById('file');
  if (drop && input) {
    ['dragenter', 'dragover'].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.remove('over'); });
    });
    drop.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length === 1) {
        input.files = e.dataTransfer.files;
        document.getElementById('upload-form').submit();
      }
    });
  }
  var print = document.getElementById('print');
  if (print) {
    print.addEventListener('click', function () { window.print(); });
  }
}());
