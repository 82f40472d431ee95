// Which IP addresses a server-side download may connect to: only public
// unicast ones. A URL that came from outside (a kie.ai result, a callback)
// must not make the server reach its own loopback, the private network, the
// cloud metadata service or anything else that is not the public internet.
//
// The special-purpose ranges are ipaddr.js's (IANA's registries, RFC 6890 and
// successors): private, loopback, link-local (cloud metadata 169.254.169.254),
// carrier-grade NAT, documentation, benchmarking, multicast, reserved, and in
// IPv6 unique local, IPv4-mapped, NAT64, 6to4, Teredo and the rest. An
// address is public when ipaddr.js calls it plain "unicast".
import net from "node:net";
import ipaddr from "ipaddr.js";

// IPv6: only global unicast can be public; ipaddr.js calls any address
// outside its special ranges "unicast", including unallocated space and the
// IPv4-compatible ::a.b.c.d forms, which no public name resolves to.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/** True for a public unicast IPv4 or IPv6 address; false for anything else, including text that is not an address. */
export function isPublicAddress(address: string) {
  // Node's parser is strict; ipaddr.js also reads shorthands like "127.1"
  // and "0x7f.0.0.1", which are not the text of a resolved address. A zone
  // index (fe80::1%eth0) names one of this machine's interfaces.
  if (net.isIP(address) === 0 || address.includes("%")) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || parsed.match(GLOBAL_UNICAST_V6);
}
