// Which IP addresses a server-side download may connect to: only public
// unicast ones. A URL that came from outside (a kie.ai result, a callback)
// must not make the server reach its own loopback, the private network, the
// cloud metadata service or anything else that is not the public internet.
import net from "node:net";

// IANA's special-purpose registries (RFC 6890 and successors), IPv4.
const V4_NOT_PUBLIC: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

// IPv6: only global unicast (2000::/3) can be public. That leaves out the
// unspecified address, loopback ::1, IPv4-mapped ::ffff:a.b.c.d and
// IPv4-compatible forms (no public name resolves to them, and they would
// reach an IPv4 address), NAT64 64:ff9b::/96, discard 100::/64, unique
// local fc00::/7, link-local fe80::/10 and multicast ff00::/8. Within it:
const V6_NOT_PUBLIC: [string, number][] = [
  ["2001::", 23], // IETF protocol assignments, Teredo
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
];

const notPublic = new net.BlockList();
for (const [address, prefix] of V4_NOT_PUBLIC) notPublic.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of V6_NOT_PUBLIC) notPublic.addSubnet(address, prefix, "ipv6");
const globalUnicastV6 = new net.BlockList();
globalUnicastV6.addSubnet("2000::", 3, "ipv6");

/** True for a public unicast IPv4 or IPv6 address; false for anything else, including text that is not an address. */
export function isPublicAddress(address: string) {
  // A zone index (fe80::1%eth0) names one of this machine's interfaces.
  if (address.includes("%")) return false;
  const family = net.isIP(address);
  if (family === 4) return !notPublic.check(address, "ipv4");
  if (family !== 6) return false;
  return globalUnicastV6.check(address, "ipv6") && !notPublic.check(address, "ipv6");
}
