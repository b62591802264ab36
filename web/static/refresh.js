// Reloads the page every few seconds, so a rotating QR code and a new state show,
// but not while staff are typing a phone number into the form.
(function () {
  var seconds = Number(document.body.dataset.refresh) || 5;
  setInterval(function () {
    var typing = Array.prototype.some.call(document.querySelectorAll("input"), function (el) {
      return el.type !== "hidden" && (el.value !== "" || el === document.activeElement);
    });
    if (!typing) {
      // Marked as a reload, not a person opening the page: it does not wake paused QR codes.
      var u = new URL(location.href);
      u.searchParams.set("auto", "1");
      location.replace(u.toString());
    }
  }, seconds * 1000);
})();
