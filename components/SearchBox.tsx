"use client";
// A search field whose value lives in the URL (?q=…), debounced; a new search starts at page 1.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

export function SearchBox({ label, placeholder }: { label: string; placeholder: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get("q") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <label className="search">
      <span className="sr-only">{label}</span>
      <input
        type="search"
        value={value}
        placeholder={placeholder}
        aria-label={label}
        onChange={(event) => {
          const next = event.target.value;
          setValue(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            const query = new URLSearchParams(params.toString());
            if (next.trim()) query.set("q", next.trim());
            else query.delete("q");
            query.delete("page");
            const text = query.toString();
            router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
          }, 300);
        }}
      />
    </label>
  );
}
