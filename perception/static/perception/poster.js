// The poster's print button (no inline script: the CSP allows none without a nonce).
document.addEventListener("click", function (e) {
  if (e.target.closest && e.target.closest("[data-action='print']")) window.print();
});
