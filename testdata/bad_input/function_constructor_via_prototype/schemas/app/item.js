const F = (function () {}).constructor;
const make = F("return 1");
export default table({ id: col.id() });
