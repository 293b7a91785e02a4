import { join } from 'node:path';
import type { DomainModel } from '../../../compiler/model/model.js';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { REPO_ROOT } from '../../support/project.js';

/** The models of the example domains (domains/*.yaml), checked clean. */
export async function exampleDomains(): Promise<readonly DomainModel[]> {
  const project = await checkProject({ cwd: REPO_ROOT });
  if (project.domains.length !== 4) throw new Error(`expected the 4 example domains, got ${project.domains.map((d) => d.name).join(', ')}`);
  return project.domains;
}

export const examplesDir = (domain: string): string => join(REPO_ROOT, 'examples', 'generated', domain);
