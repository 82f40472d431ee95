import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { getUserId } from "~/modules/auth/auth.server";
import { env } from "~/utils/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUserId(request)) throw redirect("/generate");
  return json({ startingCredits: env.STARTING_CREDITS });
}

const steps = [
  { title: "Upload your portrait", text: "A well-lit photo of your face. A PNG with a transparent background becomes a clean cut-out." },
  { title: "Type a few keywords", text: "“iPhone 17 review, shocking battery”. Thumbsmith writes punchy headlines and layouts from them." },
  { title: "Watch them arrive", text: "Every headline on every background, rendered live. Download one, or the whole batch as a ZIP." },
];

function SampleThumbnail({ hue, word, accent, flip }: { hue: string; word: string; accent: string; flip?: boolean }) {
  return (
    <div
      aria-hidden
      className="relative aspect-video overflow-hidden rounded-xl shadow-2xl ring-1 ring-white/10"
      style={{ background: `linear-gradient(135deg, ${hue}, #0b0d12)` }}
    >
      <div className={`absolute bottom-0 ${flip ? "left-3" : "right-3"} h-[82%] w-[38%] rounded-t-full bg-gradient-to-b from-amber-200 to-orange-400 opacity-90`} />
      <div className={`absolute top-4 ${flip ? "right-4 text-right" : "left-4"} max-w-[55%] text-2xl font-black uppercase leading-none text-white [text-shadow:0_3px_0_#000]`}>
        {word} <span style={{ color: accent }}>now</span>
      </div>
      <div className="absolute bottom-2 right-2 rounded bg-black/80 px-1 text-[10px] font-semibold text-white">12:07</div>
    </div>
  );
}

export default function Index() {
  const { startingCredits } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-24 pt-16">
      <section className="grid items-center gap-12 md:grid-cols-2">
        <div className="flex flex-col gap-6">
          <p className="w-fit rounded-full bg-brand-500/15 px-3 py-1 text-xs font-semibold uppercase tracking-widest text-brand-300 ring-1 ring-brand-500/30">
            Self-hosted · works offline
          </p>
          <h1 className="text-5xl font-black leading-[1.05] tracking-tight md:text-6xl">
            Thumbnails that get the click, <span className="text-brand-500">from your own face.</span>
          </h1>
          <p className="text-lg text-zinc-400">
            Thumbsmith turns one portrait and a few keywords into a batch of YouTube-ready 1280×720 thumbnails in
            seconds, on your own server.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button asChild size="lg">
              <Link to="/signup">Start with {startingCredits} free credits</Link>
            </Button>
            <Button asChild size="lg" variant="secondary">
              <Link to="/login">Log in</Link>
            </Button>
          </div>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <SampleThumbnail hue="#c62108" word="Battery" accent="#facc15" />
          <SampleThumbnail hue="#1d4ed8" word="Shocking" accent="#f472b6" flip />
          <SampleThumbnail hue="#15803d" word="Tested" accent="#fde047" flip />
          <SampleThumbnail hue="#7c3aed" word="Worth it?" accent="#22d3ee" />
        </div>
      </section>
      <section aria-labelledby="how" className="flex flex-col gap-8">
        <h2 id="how" className="text-2xl font-bold">
          How it works
        </h2>
        <ol className="grid gap-6 md:grid-cols-3">
          {steps.map((step, i) => (
            <li key={step.title} className="rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
              <span className="text-sm font-black text-brand-500">0{i + 1}</span>
              <h3 className="mt-2 font-semibold">{step.title}</h3>
              <p className="mt-2 text-sm text-zinc-400">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
