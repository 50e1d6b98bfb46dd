import { defineMessages } from "../define";

/** Messages of the knowledge base in the agent's ticket page (suggestions, insertion). Keys are prefixed with "knowledgeAgent.". */
export const knowledgeAgentMessages = defineMessages({
  fr: {
    "knowledgeAgent.title": "Articles suggérés",
  },
  en: {
    "knowledgeAgent.title": "Suggested articles",
  },
});
