// The adoption map: the county's municipalities coloured by each party's decision on an
// agreement, the region beside them. The table on the same page holds the same facts for
// everyone who does not use the map (screen readers, keyboard, no JavaScript).
(function () {
  'use strict';
  var element = document.getElementById('adoption-map');
  if (!element || typeof L === 'undefined' || !window.fetch) return;
  var agreement = element.getAttribute('data-agreement');
  var at = element.getAttribute('data-at');
  var query = at ? '?at=' + encodeURIComponent(at) : '';
  // Colours with a text legend; each differs from its neighbours in lightness too.
  var styles = {
    adopted: { label: 'Antagen', fill: '#1a7f37' },
    rejected: { label: 'Avslagen', fill: '#b42318' },
    referred_back: { label: 'Återremitterad', fill: '#b54708' },
    none: { label: 'Inget beslut', fill: '#d0d5dd' }
  };
  Promise.all([
    fetch('/api/v1/map/parties').then(function (r) { return r.json(); }),
    fetch('/api/v1/agreements/' + encodeURIComponent(agreement) + '/adoption' + query).then(function (r) { return r.json(); })
  ]).then(function (answers) {
    var shapes = answers[0];
    var decisions = {};
    answers[1].forEach(function (d) { decisions[d.party.id] = d; });
    var map = L.map(element, { attributionControl: true, zoomSnap: 0.25, scrollWheelZoom: false });
    var layer = L.geoJSON(shapes, {
      style: function (feature) {
        var d = decisions[feature.properties.id];
        var style = styles[(d && d.outcome) || 'none'];
        return { color: '#344054', weight: 1, fillColor: style.fill, fillOpacity: 0.85 };
      },
      onEachFeature: function (feature, shape) {
        var d = decisions[feature.properties.id];
        var style = styles[(d && d.outcome) || 'none'];
        var when = d && (d.decided_on || d.decided_text);
        shape.bindTooltip(feature.properties.name + ': ' + style.label + (when ? ' ' + when : ''));
      }
    }).addTo(map);
    if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
    var attribution = shapes.features.length ? shapes.features[0].properties.attribution : '';
    map.attributionControl.setPrefix(false).addAttribution(attribution);
    element.setAttribute('data-drawn', String(shapes.features.length));
  }).catch(function () {
    element.setAttribute('data-drawn', 'error');
  });
})();
