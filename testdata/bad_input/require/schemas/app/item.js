const fs = require("fs");
export default table({ id: col.id() });
