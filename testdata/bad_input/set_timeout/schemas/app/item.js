setTimeout(() => {}, 10);
export default table({ id: col.id() });
