const cols = eval("({ id: col.id() })");
export default table(cols);
