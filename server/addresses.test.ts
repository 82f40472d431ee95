import type os from "node:os";
import { describe, expect, test } from "vitest";
import { describeAddresses, reachableAddresses } from "./addresses";

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null }) as os.NetworkInterfaceInfo;

const interfaces = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  eth0: [nic("192.168.1.20", "IPv4"), nic("fe80::1", "IPv6"), nic("2001:db8::20", "IPv6")],
  wlan0: [nic("10.0.0.5", "IPv4")],
};

describe("the start-up addresses", () => {
  test("on 0.0.0.0: localhost and every LAN IPv4 address, loopback and link-local left out", () => {
    const addresses = reachableAddresses("0.0.0.0", 3000, interfaces);
    expect(addresses).toEqual({ local: ["http://localhost:3000"], network: ["http://192.168.1.20:3000", "http://10.0.0.5:3000"] });
    expect(describeAddresses(addresses)).toBe(
      "Thumbsmith is running at http://localhost:3000 and on your network at http://192.168.1.20:3000, http://10.0.0.5:3000",
    );
  });

  test("on :: IPv6 addresses too, in brackets", () => {
    expect(reachableAddresses("::", 8080, interfaces).network).toContain("http://[2001:db8::20]:8080");
  });

  test("on one address: only that one", () => {
    const addresses = reachableAddresses("127.0.0.1", 3000, interfaces);
    expect(addresses).toEqual({ local: ["http://127.0.0.1:3000"], network: [] });
    expect(describeAddresses(addresses)).toBe("Thumbsmith is running at http://127.0.0.1:3000");
  });
});
