/**
 * The host modules the kernel child loads. A primitive that needs host
 * functions registers itself with `registerHostModule` (host.ts) at import
 * time and is imported here, once, so it lands in the child's bundle.
 */
import "../../primitives/data/kernel/module";
