let n = 0;
while (true) { n++; }
export default table({ id: col.id() });
