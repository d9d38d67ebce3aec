// The knowledge base (知识库): the jieba segmenter (its dictionary loaded once, here), the SQL
// store, the seed file (checked whole: a bad file stops startup naming its line and field; then
// the articles missing by id are inserted, admin edits are kept) and the routes. Built by the
// case loop (cases.ts) after its departments, whose seeds hold the categories articles may name.
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createKnowledgeStore } from '../adapters/db/knowledge-store.js';
import { knowledgeRoutes } from '../adapters/http/knowledge-routes.js';
import { createJiebaTextSegmenter } from '../adapters/text/jieba-text-segmenter.js';
import { createKnowledgeBase } from '../app/knowledge/knowledge-base.js';
import { loadKnowledgeSeeds, parseKnowledgeSeedFile } from '../app/knowledge/knowledge-seeds.js';
import type { Config } from '../config.js';
import { departmentDirectoryOn, readSeedText } from './departments.js';
import type { Records } from './records.js';

export async function buildKnowledge(
  config: Pick<Config, 'KNOWLEDGE_ARTICLES_FILE'>, records: Pick<Records, 'db' | 'audit'>, logger: Logger, now: () => Date,
): Promise<Router> {
  const file = config.KNOWLEDGE_ARTICLES_FILE;
  const seeds = parseKnowledgeSeedFile(file, readSeedText(file));
  const store = createKnowledgeStore(records.db);
  const segmenter = createJiebaTextSegmenter();
  const directory = departmentDirectoryOn(records.db);
  const category = (code: string) => directory.category(code);
  const inserted = await loadKnowledgeSeeds({ store, segmenter, category }, seeds, now());
  logger.info({ articles: inserted.length }, 'knowledge-base seeds loaded (missing ones only)');
  const knowledge = createKnowledgeBase({ store, segmenter, category, audit: records.audit, now, logger });
  return knowledgeRoutes(knowledge);
}
