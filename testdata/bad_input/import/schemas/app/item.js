// shared columns
import { audit } from "../shared.js";
export default table({ id: col.id() });
