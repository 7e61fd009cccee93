import { redirect } from "next/navigation";

/** The home page is the notebook list; the workbench guard sends anonymous visitors to /login. */
export default function Home(): never {
  redirect("/notebooks");
}
