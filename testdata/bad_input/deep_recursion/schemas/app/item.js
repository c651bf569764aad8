function columns(n) {
  return columns(n + 1);
}
export default table(columns(0));
