import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { formatMoney } from "../lib/money";

type Suggestion = Schemas["SuggestionsItem"];

/** Shortest input worth asking about: one letter matches half the catalogue. */
export const MIN_CHARS = 2;
/** Typing pauses this long before a request goes out. */
export const PAUSE_MS = 150;

/**
 * The site search: a combobox (WAI-ARIA 1.2 pattern with a list popup) that offers products while the
 * shopper types. Enter on an offered product opens it; Enter otherwise searches for what was typed.
 */
export function SearchBox() {
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const suggestions = useSuggestions(query);
  const listId = useId();
  const shown = open && suggestions.length > 0;

  function go(suggestion: Suggestion) {
    setOpen(false);
    setActive(-1);
    navigate(`/products/${suggestion.id}`);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = shown && active >= 0 ? suggestions[active] : undefined;
    if (chosen) {
      go(chosen);
      return;
    }
    setOpen(false);
    navigate(`/search?q=${encodeURIComponent(query.trim())}`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!shown) {
        setOpen(true);
        return;
      }
      // -1 is the input itself: the list wraps through it, as in a browser's own address bar.
      const last = suggestions.length - 1;
      setActive((current) => e.key === "ArrowDown" ? (current >= last ? -1 : current + 1) : (current <= -1 ? last : current - 1));
    } else if (e.key === "Escape") {
      setOpen(false);
      setActive(-1);
    }
  }

  const activeId = shown && active >= 0 ? `${listId}-${active}` : undefined;
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">Search products</label>
      <div className="combobox">
        <input id="site-search" type="text" role="combobox" placeholder="Search products" value={query} maxLength={200}
          autoComplete="off" aria-autocomplete="list" aria-expanded={shown} aria-controls={listId}
          aria-activedescendant={activeId}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown} onBlur={() => setOpen(false)} onFocus={() => setOpen(true)} />
        <ul id={listId} role="listbox" aria-label="Suggested products" className="suggestions" hidden={!shown}>
          {suggestions.map((s, i) => (
            <li key={s.id} id={`${listId}-${i}`} role="option" aria-selected={i === active}
              // mousedown, not click: a click would blur the input first and close the list.
              onMouseDown={(e) => {
                e.preventDefault();
                go(s);
              }}>
              <span>{s.name}</span> <span className="muted">{formatMoney(s.price)}</span>
            </li>
          ))}
        </ul>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

/** Suggestions for what was typed, after a pause; an answer to an older input never replaces a newer one. */
function useSuggestions(query: string): Suggestion[] {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const latest = useRef(0);
  useEffect(() => {
    const typed = query.trim();
    const run = ++latest.current;
    if (typed.length < MIN_CHARS) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      unwrap(api.GET("/api/v1/products/suggest", { params: { query: { q: typed.slice(0, 100) } } })).then(
        (answer) => run === latest.current && setSuggestions(answer.suggestions ?? []),
        // Suggestions are a convenience: without them the search button still works.
        () => run === latest.current && setSuggestions([]),
      );
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  return suggestions;
}
