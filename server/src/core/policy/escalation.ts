/**
 * The privilege-escalation combinations rules/iam/privilege-escalation.ts looks for: Rhino Security
 * Labs' "AWS IAM Privilege Escalation – Methods and Mitigation" (the list Parliament's
 * privilege_escalation auditor also uses), plus attaching a policy to a role the principal
 * can pass. Each method is the set of actions that together allow it; the first action is
 * where the finding is shown. Listed in docs/rules/iam/privilege-escalation.md.
 */
export const ESCALATION_METHODS: readonly { readonly name: string; readonly actions: readonly string[] }[] = [
  { name: 'CreateNewPolicyVersion', actions: ['iam:CreatePolicyVersion'] },
  { name: 'SetExistingDefaultPolicyVersion', actions: ['iam:SetDefaultPolicyVersion'] },
  { name: 'CreateEC2WithExistingInstanceProfile', actions: ['iam:PassRole', 'ec2:RunInstances'] },
  { name: 'CreateAccessKey', actions: ['iam:CreateAccessKey'] },
  { name: 'CreateLoginProfile', actions: ['iam:CreateLoginProfile'] },
  { name: 'UpdateLoginProfile', actions: ['iam:UpdateLoginProfile'] },
  { name: 'AttachUserPolicy', actions: ['iam:AttachUserPolicy'] },
  { name: 'AttachGroupPolicy', actions: ['iam:AttachGroupPolicy'] },
  { name: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy', 'sts:AssumeRole'] },
  { name: 'AttachRolePolicyThenPassRole', actions: ['iam:AttachRolePolicy', 'iam:PassRole'] },
  { name: 'PutUserPolicy', actions: ['iam:PutUserPolicy'] },
  { name: 'PutGroupPolicy', actions: ['iam:PutGroupPolicy'] },
  { name: 'PutRolePolicy', actions: ['iam:PutRolePolicy', 'sts:AssumeRole'] },
  { name: 'AddUserToGroup', actions: ['iam:AddUserToGroup'] },
  { name: 'UpdateRolePolicyToAssumeIt', actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'] },
  { name: 'PassExistingRoleToNewLambdaThenInvoke', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'] },
  { name: 'PassExistingRoleToNewLambdaThenTriggerWithDynamo', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'] },
  { name: 'PassExistingRoleToNewGlueDevEndpoint', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'] },
  { name: 'UpdateExistingGlueDevEndpoint', actions: ['glue:UpdateDevEndpoint'] },
  { name: 'PassExistingRoleToCloudFormation', actions: ['iam:PassRole', 'cloudformation:CreateStack'] },
  { name: 'PassExistingRoleToNewDataPipeline', actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'] },
  { name: 'EditExistingLambdaFunctionWithRole', actions: ['lambda:UpdateFunctionCode'] },
  { name: 'PassExistingRoleToNewCodeStarProject', actions: ['iam:PassRole', 'codestar:CreateProject'] },
];

/**
 * Actions that write a resource-based policy or ACL: whoever may call them can grant
 * access to the resource to anyone, themselves included (Parliament's
 * RESOURCE_POLICY_PRIVILEGE_ESCALATION).
 */
export const RESOURCE_POLICY_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutAccessPointPolicy',
  'lambda:AddPermission',
  'lambda:AddLayerVersionPermission',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
  'kms:PutKeyPolicy',
  'secretsmanager:PutResourcePolicy',
  'ecr:SetRepositoryPolicy',
  'glacier:SetVaultAccessPolicy',
  'ram:CreateResourceShare',
  'logs:PutResourcePolicy',
  'events:PutPermission',
  'glue:PutResourcePolicy',
  'backup:PutBackupVaultAccessPolicy',
  'elasticfilesystem:PutFileSystemPolicy',
  'dynamodb:PutResourcePolicy',
  'codeartifact:PutRepositoryPermissionsPolicy',
];
