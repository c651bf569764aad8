const cfg = undefined;
export default table({ id: col.id(), n: col.string(cfg.length) });
