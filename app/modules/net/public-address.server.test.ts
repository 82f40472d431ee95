import { describe, expect, test } from "vitest";
import { isPublicAddress } from "./public-address.server";

describe("addresses a download may not reach", () => {
  test.each([
    ["loopback", ["127.0.0.1", "127.255.255.254", "::1"]],
    ["private 10/8", ["10.0.0.0", "10.255.255.255"]],
    ["private 172.16/12", ["172.16.0.0", "172.31.255.255"]],
    ["private 192.168/16", ["192.168.0.1", "192.168.255.255"]],
    ["carrier-grade NAT 100.64/10", ["100.64.0.0", "100.127.255.255"]],
    ["link-local and cloud metadata 169.254/16", ["169.254.169.254", "169.254.0.1", "fe80::1", "febf::1"]],
    ["this network 0/8 and unspecified", ["0.0.0.0", "0.1.2.3", "::"]],
    ["multicast", ["224.0.0.1", "239.255.255.250", "ff02::1"]],
    ["reserved and broadcast", ["240.0.0.1", "255.255.255.255"]],
    ["documentation and benchmarking", ["192.0.2.1", "198.51.100.1", "203.0.113.1", "198.18.0.1", "2001:db8::1"]],
    ["unique local fc00::/7", ["fc00::1", "fd12:3456::1", "fdff:ffff::1"]],
    ["IPv4-mapped forms", ["::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "0:0:0:0:0:ffff:c0a8:1"]],
    ["IPv4 embedded in IPv6 (compatible, NAT64, 6to4, Teredo)", ["::127.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::", "2001:0:4136:e378::1"]],
    ["a zone index (one of this machine's interfaces)", ["fe80::1%eth0", "2a00:1450:4001::1%1"]],
    ["text that is not an address", ["localhost", "", "1.2.3", "example.com", "127.0.0.1:80"]],
    // Shorthands inet_aton reads (and ipaddr.js too), never what a resolver returns.
    ["IPv4 shorthands", ["127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433"]],
    // Special-purpose ranges the registry lists beyond the classic ones (AS112 DNS sinks, AMT relays, documentation 3fff::/20).
    ["newer special-purpose ranges", ["192.175.48.1", "192.31.196.1", "192.52.193.1", "2001:3::1", "2001:4:112::1", "3fff::1"]],
  ])("%s", (_, addresses) => {
    for (const address of addresses) expect(isPublicAddress(address), address).toBe(false);
  });
});

test("public addresses pass, right up to the edges of the private ranges", () => {
  for (const address of ["8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "192.167.255.255", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e"]) {
    expect(isPublicAddress(address), address).toBe(true);
  }
});
