import type { Clause } from '../domain/policy/clauses.ts';
import type { FaqEntry } from '../domain/policy/faq.ts';
import { editDistance, tokenize } from './tokenize.ts';

/**
 * Keyword retrieval over the contract clauses and the FAQ (issue #16: the corpus is small, BM25 is enough; no
 * vector service). Each FAQ question variant is a document of its own and an entry scores as its best variant,
 * so a short question is compared with short questions. Clauses are documents of their zh and en text, title
 * and tags; the clauses the best entry cites are ranked first. Scores are BM25; `confidence` is the share of the question's weight (IDF) the best entry matched,
 * which is what the answerers compare with their threshold.
 */

const K1 = 1.2;
const B = 0.75;

/** The best FAQ entry for a question. */
export interface FaqMatch {
  entry: FaqEntry;
  /** BM25 of the best-matching question variant. */
  score: number;
  /** 0–1: the share of the question's token weight that variant matched. */
  confidence: number;
  /** How many distinct tokens of the question that variant contains. */
  shared: number;
}

/** What retrieval found for one question. */
export interface Retrieval {
  /** Clause ids, best first, only those that matched at all. */
  clauses: Array<{ id: string; score: number }>;
  /** The best FAQ entry, if any token matched. */
  faq: FaqMatch | undefined;
  /** The question's topic: the best entry's topic tag, else a tag of the best clause. */
  topic: string | undefined;
}

interface Doc {
  tf: Map<string, number>;
  length: number;
}

class Bm25 {
  readonly docs: Doc[];
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;

  constructor(texts: readonly string[][]) {
    this.docs = texts.map((tokens) => {
      const tf = new Map<string, number>();
      for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
      return { tf, length: tokens.length };
    });
    for (const doc of this.docs) for (const token of doc.tf.keys()) this.df.set(token, (this.df.get(token) ?? 0) + 1);
    this.avgLength = this.docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(this.docs.length, 1);
  }

  has(token: string): boolean {
    return this.df.has(token);
  }

  vocabulary(): IterableIterator<string> {
    return this.df.keys();
  }

  idf(token: string): number {
    const n = this.docs.length;
    const df = this.df.get(token) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 of each doc, and the IDF weight of the query tokens each doc contains. */
  score(query: readonly string[]): Array<{ score: number; matched: number; shared: number }> {
    return this.docs.map((doc) => {
      let score = 0;
      let matched = 0;
      const shared = new Set<string>();
      for (const token of query) {
        const tf = doc.tf.get(token);
        if (tf === undefined) continue;
        const idf = this.idf(token);
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / this.avgLength));
        matched += idf;
        shared.add(token);
      }
      return { score, matched, shared: shared.size };
    });
  }
}

/** How much the entry as a whole adds to its best variant's score. */
const ENTRY_WEIGHT = 0.5;

const GENERIC_TAGS = new Set(['deadline', 'party_a_duty', 'party_b_duty', 'party_a_right', 'party_b_right']);

/** A retrieval index over the clauses and the FAQ, built once at start. */
export class PolicyRetriever {
  private readonly variants: Bm25;
  private readonly variantEntry: FaqEntry[] = [];
  /** Each entry's variants as one document: words spread over several variants still count. */
  private readonly entries: Bm25;
  private readonly faq: readonly FaqEntry[];
  private readonly clauseIndex: Bm25;
  private readonly vocabulary: string[];

  constructor(
    private readonly clauses: readonly Clause[],
    faq: readonly FaqEntry[],
  ) {
    const variantTokens: string[][] = [];
    for (const entry of faq) {
      for (const question of [...entry.questions.zh, ...entry.questions.en]) {
        variantTokens.push(tokenize(question));
        this.variantEntry.push(entry);
      }
    }
    this.variants = new Bm25(variantTokens);
    this.faq = faq;
    this.entries = new Bm25(faq.map((entry) => [...entry.questions.zh, ...entry.questions.en].flatMap((q) => tokenize(q))));
    this.clauseIndex = new Bm25(
      clauses.map((clause) => tokenize([clause.text.zh, clause.text.en, clause.title.zh, clause.title.en, ...clause.tags.map((tag) => tag.replaceAll('_', ' '))].join(' '))),
    );
    this.vocabulary = [...new Set([...this.variants.vocabulary(), ...this.clauseIndex.vocabulary()])].filter((token) => /^[a-z]{4,}$/.test(token));
  }

  /** English words not in the corpus are read as the nearest corpus word when one is close (typos). */
  private correct(tokens: readonly string[]): string[] {
    return tokens.map((token) => {
      if (!/^[a-z]{4,}$/.test(token) || this.variants.has(token) || this.clauseIndex.has(token)) return token;
      const max = token.length >= 7 ? 2 : 1;
      let best: { word: string; distance: number } | undefined;
      for (const word of this.vocabulary) {
        const distance = editDistance(token, word, max);
        if (distance <= max && (best === undefined || distance < best.distance)) best = { word, distance };
      }
      return best?.word ?? token;
    });
  }

  /** Ranks the clauses and finds the best FAQ entry for `question`. */
  retrieve(question: string): Retrieval {
    const query = this.correct(tokenize(question));
    // The question's whole weight: a token no document has weighs as the rarest word, so chatter about
    // something else lowers the confidence instead of being ignored.
    const weight = query.reduce((sum, token) => sum + (this.variants.has(token) ? this.variants.idf(token) : this.variants.idf('\u0000')), 0);
    const best = new Map<FaqEntry, { score: number; matched: number; shared: number }>();
    this.variants.score(query).forEach((variant, index) => {
      const entry = this.variantEntry[index];
      const seen = entry === undefined ? undefined : best.get(entry);
      if (entry !== undefined && variant.score > 0 && (seen === undefined || variant.score > seen.score)) best.set(entry, variant);
    });
    const whole = this.entries.score(query);
    let faq: FaqMatch | undefined;
    this.faq.forEach((entry, index) => {
      const variant = best.get(entry);
      if (variant === undefined) return;
      const score = variant.score + ENTRY_WEIGHT * (whole[index]?.score ?? 0);
      if (faq === undefined || score > faq.score) faq = { entry, score, confidence: weight > 0 ? variant.matched / weight : 0, shared: variant.shared };
    });
    // The clauses the best FAQ entry cites are what a reviewed answer to this question relies on: they lead.
    const cited = new Set(faq?.entry.clauseIds ?? []);
    const clauses = this.clauseIndex
      .score(query)
      .map(({ score }, index) => {
        const id = this.clauses[index]?.id ?? '';
        return { id, score: score + (cited.has(id) ? (faq?.score ?? 0) : 0) };
      })
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score);
    const topClause = clauses[0] === undefined ? undefined : this.clauses.find((c) => c.id === clauses[0]?.id);
    const topic = faq?.entry.topic ?? topClause?.tags.find((tag) => !GENERIC_TAGS.has(tag));
    return { clauses, faq, topic };
  }
}
