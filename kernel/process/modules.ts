/**
 * The host modules the kernel child loads. A primitive that needs host
 * functions registers itself with `registerHostModule` (host.ts) at import
 * time and is imported here, once, so it lands in the child's bundle. Each
 * loads its code on its first call (`lazy-module.ts`).
 */
import "../../primitives/data/kernel/module";
import "../../primitives/features/kernel/module";
import "../../primitives/train/kernel/module";
import "../../primitives/models/kernel/module";
import "../../primitives/evaluate/kernel/module";
