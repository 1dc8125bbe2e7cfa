"use client";
// Shares the recommendation panel's answer with the generator further down the page, so the generator is
// prefilled with the recommended strategy without asking the server a second time. The panel sets it after it
// mounts, also when its first answer came with the page's HTML, so the generator's server render keeps its default.
import { createContext, useContext, useState, type ReactNode } from "react";
import { GeneratorPanel, type GeneratorPanelProps } from "./GeneratorPanel";

interface Shared {
  recommended: string | null;
  setRecommended: (strategy: string) => void;
}

const RecommendedStrategyContext = createContext<Shared | null>(null);

export function RecommendedStrategyProvider({ children }: { children: ReactNode }) {
  const [recommended, setRecommended] = useState<string | null>(null);
  return (
    <RecommendedStrategyContext.Provider value={{ recommended, setRecommended }}>
      {children}
    </RecommendedStrategyContext.Provider>
  );
}

export function useRecommendedStrategy(): Shared | null {
  return useContext(RecommendedStrategyContext);
}

/** The generator, starting again from the recommended strategy whenever the recommendation changes. */
export function RecommendedGenerator(props: GeneratorPanelProps) {
  const strategy = useContext(RecommendedStrategyContext)?.recommended ?? props.defaultStrategy;
  return <GeneratorPanel key={strategy} {...props} defaultStrategy={strategy} />;
}
