import { Link } from "@remix-run/react";
import { YOUTUBE_VERIFY_URL } from "~/modules/youtube/youtube-links";

type Problem = { kind: string; message: string };

/** What YouTube said no to, with the one thing that fixes it when there is one. */
export function YoutubeProblemNotice({ problem, testId }: { problem: Problem; testId: string }) {
  return (
    <div role="alert" data-testid={testId} className="mb-6 rounded-2xl bg-red-950/40 p-4 text-red-200 ring-1 ring-red-500/30">
      <p>{problem.message}</p>
      {problem.kind === "reconnect" ? (
        <Link to="/account" className="mt-2 inline-block font-semibold underline">
          Reconnect your channel
        </Link>
      ) : null}
      {problem.kind === "not-verified" ? (
        <a href={YOUTUBE_VERIFY_URL} target="_blank" rel="noreferrer" className="mt-2 inline-block font-semibold underline">
          Verify your channel on YouTube
        </a>
      ) : null}
    </div>
  );
}
