import { useState } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Loaded, ProblemMessage } from "../components/Status";

type Topic = NonNullable<Schemas["EmailPreferencesChoice"]["topic"]>;

/** Topics only some users ever get: a shopper is never sent low-stock alerts, so it is not offered one. */
const VENDOR_TOPICS = new Set(["low_stock"]);

/** Which topics come by email; each switch saves as it is flipped. In-app notifications always arrive. */
export function EmailSettings({ vendor }: { vendor: boolean }) {
  const preferences = useLoad(() => unwrap(api.GET("/api/v1/notifications/preferences")), []);
  const [saving, setSaving] = useState<string>();
  // The switch shows what was asked at once; a refusal puts it back.
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();

  async function toggle(topic: Topic, email: boolean) {
    setSaving(topic);
    setSaved(false);
    setError(undefined);
    setChosen((c) => ({ ...c, [topic]: email }));
    try {
      const stored = await unwrap(api.PUT("/api/v1/notifications/preferences", { body: { topics: [{ topic, email }] } }));
      setChosen((c) => ({ ...c, [topic]: stored.topics?.find((t) => t.topic === topic)?.email ?? email }));
      setSaved(true);
    } catch (cause) {
      setChosen((c) => {
        const { [topic]: _refused, ...rest } = c;
        return rest;
      });
      setError(cause);
    } finally {
      setSaving(undefined);
    }
  }

  return (
    <section aria-labelledby="email-settings">
      <h2 id="email-settings">Email</h2>
      <p className="muted">Everything also arrives in your Agora inbox.</p>
      <Loaded state={preferences} label="Loading your email settings">
        {(choices) => (
          <fieldset>
            <legend>Send me by email</legend>
            {(choices.topics ?? []).filter((c) => vendor || !VENDOR_TOPICS.has(c.topic ?? "")).map((c) => (
              <label key={c.topic} className="check">
                <input type="checkbox" checked={chosen[c.topic ?? ""] ?? c.email ?? true} disabled={!c.changeable || saving === c.topic}
                  onChange={(e) => c.topic && void toggle(c.topic, e.target.checked)} />
                {c.description}{!c.changeable && <span className="muted"> (always sent)</span>}
              </label>
            ))}
          </fieldset>
        )}
      </Loaded>
      {saved && <p className="notice" role="status">Saved.</p>}
      <ProblemMessage error={error} />
    </section>
  );
}
