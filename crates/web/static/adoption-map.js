// The adoption map: the county's municipalities coloured by each party's decision, read from
// the table on the same page (its rows carry data-party and data-outcome), so map and table
// cannot disagree; the table stays the accessible equivalent. Parties without a shape on the
// map (the region) are listed beside it. Without JavaScript the figure stays hidden.
(function () {
  'use strict';
  var figure = document.getElementById('antagande-figur');
  var element = document.getElementById('antagande-karta');
  if (!figure || !element || typeof L === 'undefined' || !window.fetch) return;
  var labels = { adopted: 'Antagen', rejected: 'Avslagen', referred_back: 'Återremitterad', none: 'Inget beslut', left: 'Har lämnat överenskommelsen' };
  var fills = { adopted: '#1a7f37', rejected: '#b42318', referred_back: '#b54708', none: '#d0d5dd', left: '#6941c6' };
  var rows = {};
  document.querySelectorAll('tr[data-party]').forEach(function (row) {
    var name = row.querySelector('th');
    rows[row.getAttribute('data-party')] = {
      outcome: labels[row.getAttribute('data-outcome')] ? row.getAttribute('data-outcome') : 'none',
      name: name ? name.textContent.trim() : ''
    };
  });
  fetch('/api/v1/map/parties').then(function (r) { return r.json(); }).then(function (shapes) {
    figure.hidden = false;
    var map = L.map(element, { zoomSnap: 0.25, scrollWheelZoom: false });
    var drawn = {};
    var layer = L.geoJSON(shapes, {
      filter: function (feature) { return rows[String(feature.properties.id)] !== undefined; },
      style: function (feature) {
        var outcome = rows[String(feature.properties.id)].outcome;
        return { color: '#344054', weight: 1, fillColor: fills[outcome], fillOpacity: 0.85 };
      },
      onEachFeature: function (feature, shape) {
        var row = rows[String(feature.properties.id)];
        drawn[String(feature.properties.id)] = true;
        shape.bindTooltip(feature.properties.name + ': ' + labels[row.outcome]);
      }
    }).addTo(map);
    if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
    var attribution = shapes.features.length ? shapes.features[0].properties.attribution : '';
    map.attributionControl.setPrefix(false).addAttribution(attribution);
    var beside = document.getElementById('antagande-utanfor-kartan');
    Object.keys(rows).forEach(function (id) {
      if (drawn[id]) return;
      var item = document.createElement('li');
      item.className = 'legend legend-' + rows[id].outcome;
      item.textContent = rows[id].name + ': ' + labels[rows[id].outcome];
      beside.appendChild(item);
    });
    element.setAttribute('data-drawn', String(Object.keys(drawn).length));
  }).catch(function () {
    figure.hidden = true;
  });
})();
