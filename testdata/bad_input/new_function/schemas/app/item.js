const make = new Function("return 1");
export default table({ id: col.id() });
