// This part: the view the document's schema names, drawn; then the page says it is ready.

({ 'salvo/sweep': sweepView, 'salvo/cache': cacheView, 'salvo/capacity': capacityView })[doc.schema]();
// the charts draw in the next frame (at the card's width): the page is ready after it
requestAnimationFrame(() => requestAnimationFrame(() => document.body.setAttribute('data-ready', '')));
