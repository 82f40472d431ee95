// The primitives render the ARIA structure assistive technology relies on.
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { Progress } from "./progress";
import { Select, SelectTrigger, SelectValue } from "./select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "./tabs";
import { Tooltip, TooltipProvider } from "./tooltip";
import { DropdownMenu, DropdownMenuTrigger } from "./dropdown-menu";

describe("ui primitives", () => {
  test("progress is a progressbar with its value, clamped to 0..100", () => {
    const html = renderToString(<Progress value={42} aria-label="Rendering" />);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="42"');
    expect(html).toContain("translateX(-58%)");
    expect(renderToString(<Progress value={140} />)).toContain('aria-valuenow="100"');
  });

  test("progress with a null value is indeterminate: no value claimed, a sweeping band", () => {
    const html = renderToString(<Progress value={null} aria-label="Rendering" />);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('data-state="indeterminate"');
    expect(html).not.toContain("aria-valuenow");
    expect(html).toContain("animate-progress-sweep");
  });

  test("tabs are a tablist whose active tab controls its panel", () => {
    const html = renderToString(
      <Tabs defaultValue="current">
        <TabsList aria-label="Gallery">
          <TabsTrigger value="current">Current</TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
        </TabsList>
        <TabsContent value="current">now</TabsContent>
        <TabsContent value="history">then</TabsContent>
      </Tabs>,
    );
    expect(html).toContain('role="tablist"');
    expect(html.match(/role="tab"/g)).toHaveLength(2);
    expect(html).toMatch(/aria-selected="true"[^>]*>Current/);
    expect(html).toContain('role="tabpanel"');
    expect(html).toContain("now");
    expect(html).not.toContain("then");
  });

  test("tooltip, menu and select triggers are focusable buttons with popup semantics", () => {
    const html = renderToString(
      <TooltipProvider>
        <Tooltip content="Download">
          <button type="button">⬇</button>
        </Tooltip>
        <DropdownMenu>
          <DropdownMenuTrigger>Actions</DropdownMenuTrigger>
        </DropdownMenu>
        <Select defaultValue="a">
          <SelectTrigger aria-label="Portrait">
            <SelectValue />
          </SelectTrigger>
        </Select>
      </TooltipProvider>,
    );
    expect(html).toContain('aria-haspopup="menu"');
    expect(html).toContain('role="combobox"');
    expect(html).toContain('data-state="closed"');
  });
});
