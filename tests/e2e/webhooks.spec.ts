// A flow is told when a batch is done: an endpoint registered on the
// Webhooks page gets a signed generation.completed from the built app's own
// sender, and the endpoint's page logs the delivery.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

type Received = { headers: http.IncomingHttpHeaders; body: string };

test("register a webhook, make a batch, and the receiver gets a signed generation.completed", async ({ page }) => {
  test.setTimeout(120_000);
  const received: Received[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/thumbsmith`;

  try {
    await signUpNewUser(page);
    await uploadAstronaut(page);
    await page.goto("/account");
    await page.getByRole("link", { name: "Manage webhooks" }).click();
    await page.getByLabel("URL").fill(url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.match(/whsec_[A-Za-z0-9+/=]+/)![0];

    await startGeneration(page, { keywords: "webhooks in five minutes", backgrounds: 1 });
    await expect.poll(() => received.find((each) => JSON.parse(each.body).type === "generation.completed"), { timeout: 90_000 }).toBeTruthy();
    const delivery = received.find((each) => JSON.parse(each.body).type === "generation.completed")!;
    const generationId = page.url().split("/").at(-1);
    expect(JSON.parse(delivery.body).data).toMatchObject({ generationId, status: "completed" });

    // Standard Webhooks: HMAC-SHA256 over "id.timestamp.body" with the secret shown once.
    const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = delivery.headers;
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = crypto.createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest("base64");
    expect(String(signature).split(" ")).toContain(`v1,${expected}`);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(120);

    await page.goto("/account/webhooks");
    await page.getByRole("link", { name: url }).click();
    await expect(page.getByTestId("webhook-delivery-row").filter({ hasText: "generation.completed" })).toContainText("Delivered");
  } finally {
    receiver.close();
  }
});
