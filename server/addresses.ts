// The addresses a browser can reach this server at, as dev servers print
// them: localhost, then the machine's LAN addresses when it listens on all
// of them. A self-hoster opening it from another machine needs the second.
import os from "node:os";

type Interfaces = ReturnType<typeof os.networkInterfaces>;

export function reachableAddresses(host: string, port: number, interfaces: Interfaces = os.networkInterfaces()) {
  const url = (address: string) => `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  const everywhere = host === "0.0.0.0" || host === "::";
  if (!everywhere) return { local: [url(host)], network: [] };
  const network = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    // Loopback is "localhost"; link-local IPv6 needs a zone id no browser bar takes.
    .filter((entry) => !entry.internal && !(entry.family === "IPv6" && entry.address.toLowerCase().startsWith("fe80")))
    // 0.0.0.0 listens on IPv4 only; "::" takes both.
    .filter((entry) => host === "::" || entry.family === "IPv4")
    .map((entry) => url(entry.address));
  return { local: [url("localhost")], network: [...new Set(network)] };
}

/** One line: where to open Thumbsmith. */
export function describeAddresses({ local, network }: { local: string[]; network: string[] }) {
  const lan = network.length > 0 ? ` and on your network at ${network.join(", ")}` : "";
  return `Thumbsmith is running at ${local.join(", ")}${lan}`;
}
