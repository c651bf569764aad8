const t = table({ id: col.id() });
