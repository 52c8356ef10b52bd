// The quiz domain's door: question bank, live runs and answers, leaderboards, make-up quiz.
export { quizModule } from './module.js';
export { quizDomain } from './services.js';
export type { QuizDomain } from './QuizDomain.js';
export { toColumns as questionColumns } from './QuestionBank.js';
/** What reports read of the quiz (only the quiz writes its tables). */
export { quizStamp, sessionMemberAnswers, sessionRunsWithQuestions, sessionTeamAnswers } from './quizStore.js';
